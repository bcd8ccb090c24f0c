"""Repair and overlay: fix the vendor's known defects conservatively, each fix a warning with its
JSON pointer, then apply the API's Overlay 1.0 documents."""

"""Validate: the OpenAPI document against its version's schema (openapi-spec-validator), with
each error located by JSON pointer; results cached by content, equal subtrees validated once."""

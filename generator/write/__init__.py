"""Write: the SDK into the output directory atomically, with its manifest (inputs digest and the
sha256 of every file written), never removing a file sdkgen did not write."""

"""Load: read a spec file within the size and nesting limits, resolve its `$ref`s to other files,
and convert a Swagger 2.0 document to OpenAPI 3.0; the JSON-pointer and `$ref` helpers the later
stages share."""

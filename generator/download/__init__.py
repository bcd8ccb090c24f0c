"""Download: fetch the vendor's document (a JSON or YAML file, or the OpenAPI document embedded
in a ReDoc page), take the OpenAPI document out of it and describe it in a lock file.

Installing it (validating it first, then replacing the spec and its lock file) runs the stages
after this one, so it lives with the commands in `pipeline.download`."""

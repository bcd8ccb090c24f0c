"""Validate: the OpenAPI document against its version's rules, each problem located by JSON
pointer (`validator`); openapi-spec-validator-rs where installed (`rust`), else
openapi-spec-validator (`reference`), with the same diagnostics (`diagnose`); results cached by
content."""

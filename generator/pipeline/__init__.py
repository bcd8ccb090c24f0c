"""The commands, each composing the stages (see `tests/test_layering.py` for the order).

- `stages`: the wiring of the stages, what flows between them (`PreparedSpec`, `Generation`),
  the bookkeeping written beside the SDK (`output_files`) and their timings;
- `concurrency`: validation in worker processes beside normalize, render and format;
- `run_records`: the record of each run in the cache, which a no-op regeneration replays, and
  its JSON codec;
- `generate`, `diff`, `check`, `update`, `download`: the commands of the same names.

Each name is imported from the module that defines it: importing a command (`check`'s fast
path) imports no stage it does not need.
"""

"""Release: what a generation releases, compared with the output it replaces.

`record` (the surface record stored beside an SDK) → `compare` (two records compared:
`SurfaceChanges` and the bump it calls for) → `report` (that as Markdown or JSON);
`versioning` (semantic versions); `plan` (a generation's deprecated aliases, method and class,
and its version, from the previous output); `changelog` (the `CHANGELOG.md` entry); `surface`
(a plain-text description of the surface, for people and snapshots)."""

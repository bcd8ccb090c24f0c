"""Release: the surface record of an SDK, its comparison with the previous one (the changelog
and the suggested bump), the SDK's version, deprecated aliases, and the CHANGELOG.md entry."""

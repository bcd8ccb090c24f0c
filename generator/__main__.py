"""`python -m generator` runs the sdkgen command line."""

from .cli import main

raise SystemExit(main())

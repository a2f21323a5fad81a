"""``python -m icp_core.cli``."""

from icp_core.cli import main

raise SystemExit(main())

"""The ``icp`` command line's exit codes (the module docstring of ``icp_core.cli`` says when)."""

EXIT_OK, EXIT_NOT_OK, EXIT_USAGE = 0, 1, 2

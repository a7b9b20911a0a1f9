"""Allow `python -m srm_check`."""

from srm_check.cli import main

if __name__ == "__main__":
    main()

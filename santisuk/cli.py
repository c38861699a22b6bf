"""The ``santisuk`` command: the project's manage.py."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "santisuk.settings")
    from django.core.management import execute_from_command_line

    from santisuk.audit.context import command_context

    # Writes made by a management command are attributed to that command in the change log.
    with command_context(sys.argv[1:2]):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

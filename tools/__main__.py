"""``python -m tools <command> [args]``: run one of the maintainers' tools."""

import importlib
import sys

import tools

COMMANDS = {
    "start": "tools.start",
    "new-lesson": "tools.new_lesson",
    "refresh": "tools.refresh",
    "execute": "tools.execute",
    "setup-cell": "tools.setup_cell",
    "nbgrader": "tools.nbgrader_metadata",
    "student-copies": "tools.student_copies",
    "budgets": "tools.budgets",
    "prose-numbers": "tools.prose_numbers",
}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(tools.__doc__)
        if argv and argv[0] not in ("-h", "--help"):
            print(f"unknown command {argv[0]!r}; choose one of: {', '.join(COMMANDS)}")
            return 2
        return 0
    module = importlib.import_module(COMMANDS[argv[0]])
    return module.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())

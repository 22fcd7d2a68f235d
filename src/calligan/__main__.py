import sys

from calligan.cli import main

sys.exit(main())

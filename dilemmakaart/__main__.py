import sys

from dilemmakaart.cli import main

sys.exit(main())

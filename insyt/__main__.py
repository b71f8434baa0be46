import sys

from insyt.cli import main

sys.exit(main())

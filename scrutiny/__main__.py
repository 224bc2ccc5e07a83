from scrutiny.cli import main
import sys
sys.exit(main())

#!/usr/bin/env python
from santisuk.cli import main

if __name__ == "__main__":
    main()

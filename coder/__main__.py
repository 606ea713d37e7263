"""`python -m coder` runs the command line."""

from coder.cli import main

if __name__ == "__main__":  # not when a child process (the suggester's) imports it
    main()

"""Command-line front end: each module parses arguments and calls the library."""

"""Stage commands: each module exposes NAME, HELP, add_arguments(parser) and run(params, args)."""

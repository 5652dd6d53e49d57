import WhCLI

WhCommand.main(WhCommand.normalize(Array(CommandLine.arguments.dropFirst())))

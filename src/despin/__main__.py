from despin.commands.main import main

main()

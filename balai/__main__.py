from balai.cli import main

main()

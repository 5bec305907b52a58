from zhidu_cli.cli.app import main

main()

from quizkit.cli import main

raise SystemExit(main())

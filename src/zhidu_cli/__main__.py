"""``python -m zhidu_cli``: the same as the ``zhidu`` command."""

import sys

try:
    from zhidu_cli.cli.app import main
except ModuleNotFoundError as missing:   # run from a source tree without the dependencies installed
    sys.stderr.write(f"zhidu: missing dependency {missing.name!r} / 缺少依赖 {missing.name}\n"
                     "  install zhidu first / 请先安装：python3 -m pip install .\n")
    sys.exit(2)

main()

#!/usr/bin/env bash
# The last step of action.yml, run when fail-on-error is true and sls-lint exited 1 (after the upload).
echo "sls-lint found error-level problems: see the code scanning alerts on this pull request."
exit 1

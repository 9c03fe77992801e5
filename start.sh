#!/usr/bin/env sh
# Starts VintedBot from this folder: installs the dependencies the first time, then runs the app.
set -e
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
  echo "First start: installing dependencies (a few minutes)..."
  # npm 11 skips onnxruntime-node's install script (package.json allowScripts); npm 10 needs this to skip its CUDA download.
  ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund
fi
exec npm start

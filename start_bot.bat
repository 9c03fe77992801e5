@echo off
rem Starts VintedBot from this folder: installs the dependencies the first time, then runs the app.
cd /d "%~dp0"
where node >nul 2>nul
if errorlevel 1 (
  echo Node.js 22 LTS, or 20.19 or newer, is required: https://nodejs.org
  pause
  exit /b 1
)
if not exist node_modules (
  echo First start: installing dependencies, this takes a few minutes...
  call npm install --no-audit --no-fund
  if errorlevel 1 (
    echo Installation failed.
    pause
    exit /b 1
  )
)
call npm start
pause

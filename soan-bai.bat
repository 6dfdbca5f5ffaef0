@echo off
rem Soan bai tren trinh duyet (Windows): bam dup tep nay.
rem Mo ban xem truoc kem trang quan tri tai http://127.0.0.1:8000/quan-tri/ ; bai luu o do duoc ghi vao content\.
rem Giong lenh "make edit" tren Linux/macOS. Can Python 3.11+ (python.org) va Node.js (nodejs.org) cho lan dau.
chcp 65001 >nul
cd /d "%~dp0"

if not exist ".venv\Scripts\python.exe" (
  echo Lần đầu chạy: đang cài đặt chương trình, cần mạng và vài phút...
  py -3 -m venv .venv 2>nul || python -m venv .venv
  if errorlevel 1 goto no_python
  ".venv\Scripts\python.exe" -m pip install --quiet --disable-pip-version-check -e .
  if errorlevel 1 goto failed
)

if not exist "admin\node_modules\decap-cms\dist\decap-cms.js" (
  echo Lần đầu chạy: đang cài trang quản trị Decap CMS...
  call npm ci --prefix admin --ignore-scripts --no-audit --no-fund --loglevel=error
  if errorlevel 1 goto no_node
)

echo.
echo Trang quản trị: http://127.0.0.1:8000/quan-tri/  (giữ cửa sổ này mở; đóng cửa sổ để dừng)
".venv\Scripts\python.exe" build.py serve --admin --open
goto end

:no_python
echo Không tìm thấy Python. Cài Python 3.11 trở lên từ https://www.python.org (chọn "Add python.exe to PATH"), rồi bấm đúp lại tệp này.
goto end

:no_node
echo Không cài được trang quản trị: cần Node.js (https://nodejs.org) và mạng cho lần đầu. Cài xong, bấm đúp lại tệp này.
goto end

:failed
echo Cài đặt không thành công. Chụp màn hình cửa sổ này gửi bộ phận kỹ thuật.

:end
pause

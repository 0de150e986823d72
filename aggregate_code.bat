@echo off
rem Concatenate the core scripts into one file for code review: aggregate_code.bat
rem Each file is preceded by a header naming it. The output is ignored by git.
setlocal
set OUT=aggregated_code_for_review.txt
if exist "%OUT%" del "%OUT%"
for %%F in (model.py tokenizer.py flags.py train_llm.py data.py metrics.py inference.py convert_spelling.py export_hf.py export_gguf.py) do (
    echo ==================== %%F ====================>> "%OUT%"
    type "%%F" >> "%OUT%"
    echo.>> "%OUT%"
)
echo Wrote %OUT%
endlocal

# cmake -DGZIP=gzip -DINPUT=FILE -DOUTPUT=FILE.gz -P gzip_file.cmake
# gzip -9n: the best compression and no name or time stamp in the header,
# as Debian wants manual pages and changelogs (the bytes depend only on the
# input, so the package is reproducible).
execute_process(COMMAND ${GZIP} -9n -c ${INPUT} OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(REMOVE ${OUTPUT})
  message(FATAL_ERROR "gzip -9n ${INPUT} failed: ${status}")
endif()

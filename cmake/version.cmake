# The commit the binary is built from, for `skewlint --version`. Read at
# configure time; CMake re-runs when HEAD moves. Outside a git checkout (a
# source archive) it is "unknown", unless -DSKEWLINT_COMMIT=... names it.
set(SKEWLINT_COMMIT "" CACHE STRING "Commit named by --version (empty: ask git)")
set(skewlint_commit "${SKEWLINT_COMMIT}")
if(skewlint_commit STREQUAL "")
  set(skewlint_commit unknown)
  find_package(Git QUIET)
  if(Git_FOUND)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
                    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                    OUTPUT_VARIABLE head RESULT_VARIABLE status
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(status EQUAL 0 AND NOT head STREQUAL "")
      set(skewlint_commit "${head}")
      foreach(what HEAD logs/HEAD)
        execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --path-format=absolute --git-path ${what}
                        WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                        OUTPUT_VARIABLE path OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
        if(EXISTS "${path}")
          set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${path}")
        endif()
      endforeach()
    endif()
  endif()
endif()
# Only main.cc (the skewlint executable) is compiled with it, so a new
# commit recompiles that one file.
set(SKEWLINT_COMMIT_ID "${skewlint_commit}")
message(STATUS "skewlint ${PROJECT_VERSION}, commit ${skewlint_commit}")

# The libraries skewlint links. With -DSKEWLINT_STATIC=ON (what ci/release
# uses) every library that Debian ships as a static archive (.a) is linked
# statically, with the C++ runtime; only the C library stays shared (glibc is
# not meant to be linked statically: its name service needs dlopen). Without
# it, the shared libraries of the -dev packages.
option(SKEWLINT_STATIC "Link libgit2, yaml-cpp, re2, their dependencies and the C++ runtime statically" OFF)

if(NOT SKEWLINT_STATIC)
  set(SKEWLINT_DEP_LIBS PkgConfig::LIBGIT2 PkgConfig::YAMLCPP PkgConfig::RE2)
  return()
endif()

# libssh2 is libgit2's private dependency; its own (OpenSSL, gpg-error) are
# not in libgit2.pc, so ask for it by name.
pkg_check_modules(SKEWLINT_STATIC_PKGS REQUIRED libgit2 libssh2 re2 yaml-cpp)
# These are parts of glibc: they stay shared, as libc itself does.
set(skewlint_libc_parts c m rt dl pthread resolv util)
set(SKEWLINT_DEP_LIBS "")
set(skewlint_shared "")
foreach(name IN LISTS SKEWLINT_STATIC_PKGS_STATIC_LIBRARIES)
  if(name IN_LIST skewlint_libc_parts)
    list(APPEND SKEWLINT_DEP_LIBS ${name})
    continue()
  endif()
  unset(archive CACHE)
  find_library(archive NAMES lib${name}.a HINTS ${SKEWLINT_STATIC_PKGS_STATIC_LIBRARY_DIRS} NO_CACHE)
  if(archive)
    list(APPEND SKEWLINT_DEP_LIBS ${archive})
  else()
    list(APPEND SKEWLINT_DEP_LIBS ${name})
    list(APPEND skewlint_shared ${name})
  endif()
endforeach()
# Static archives are order-sensitive and pkg-config lists each once: a second
# pass resolves what a later archive needs from an earlier one.
list(APPEND SKEWLINT_DEP_LIBS ${SKEWLINT_DEP_LIBS})
if(skewlint_shared)
  message(STATUS "skewlint: no static archive for ${skewlint_shared}; linked shared")
endif()
set(SKEWLINT_STATIC_LINK_OPTIONS -static-libstdc++ -static-libgcc)

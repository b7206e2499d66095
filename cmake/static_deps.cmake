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
  find_library(skewlint_archive_${name} NAMES lib${name}.a
               HINTS ${SKEWLINT_STATIC_PKGS_STATIC_LIBRARY_DIRS} NO_CACHE)
  if(skewlint_archive_${name})
    list(APPEND SKEWLINT_DEP_LIBS ${skewlint_archive_${name}})
  else()
    list(APPEND SKEWLINT_DEP_LIBS ${name})
    list(APPEND skewlint_shared ${name})
  endif()
endforeach()
# Static archives are order-sensitive and pkg-config lists each once: the
# linker searches the group until nothing more resolves.
set(SKEWLINT_DEP_LIBS -Wl,--start-group ${SKEWLINT_DEP_LIBS} -Wl,--end-group)
if(skewlint_shared)
  message(STATUS "skewlint: no static archive for ${skewlint_shared}; linked shared")
endif()
set(SKEWLINT_STATIC_LINK_OPTIONS -static-libstdc++ -static-libgcc)

# Debian's libgit2 uses GSS-API (Kerberos) for HTTP "Negotiate" auth, which
# its libgit2.pc does not list and for which Debian ships no static library.
# skewlint never talks to a remote: link stand-ins that report GSS-API as
# unavailable rather than the shared Kerberos libraries.
set(SKEWLINT_STATIC_SOURCES "")
find_library(skewlint_gssapi_archive NAMES libgssapi_krb5.a NO_CACHE)
if(skewlint_gssapi_archive)
  list(APPEND SKEWLINT_DEP_LIBS ${skewlint_gssapi_archive})
else()
  set(SKEWLINT_STATIC_SOURCES ${CMAKE_SOURCE_DIR}/git/static/gssapi_stub.cc)
  message(STATUS "skewlint: no static GSS-API library; HTTP Negotiate auth (unused) is stubbed")
endif()

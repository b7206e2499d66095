# Install, man page and the Debian package.
#
# The man page is written at build time by the built binary itself (the
# hidden `skewlint man` subcommand renders the CLI's own help and the rule
# docs), so it cannot drift from the program it documents.
include(GNUInstallDirs)

set(SKEWLINT_MAN_PAGE ${CMAKE_BINARY_DIR}/skewlint.1)
add_custom_command(
  OUTPUT ${SKEWLINT_MAN_PAGE}
  COMMAND skewlint man > ${SKEWLINT_MAN_PAGE}
  DEPENDS skewlint
  COMMENT "Writing the man page skewlint(1)")
add_custom_target(skewlint_man ALL DEPENDS ${SKEWLINT_MAN_PAGE})

install(TARGETS skewlint RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${SKEWLINT_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# `cpack -G DEB` in the build folder: skewlint_<version>_<arch>.deb. The
# dependencies are read from the binary's shared libraries (dpkg-shlibdeps),
# so a static build depends on libc only.
set(CPACK_PACKAGE_NAME skewlint)
set(CPACK_PACKAGE_VENDOR skewlint)
set(CPACK_PACKAGE_CONTACT "skewlint maintainers <maintainers@skewlint.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "version-skew and upgrade-policy linter for GitOps repositories")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Pre-merge linter for GitOps repositories: reads the manifests, Helm values,\n Kustomize files and GitOps objects a commit range changes, and flags\n upgrades that break a vendor's upgrade policy (version skew, upgrade order,\n minor jumps, CRD deprecations).")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://github.com/skewlint/skewlint)
include(CPack)

# Installation (cmake --install build [--prefix P]) and the Debian package
# (cpack -G DEB in the build folder). Included from the top CMakeLists.txt.
#
#   bin/ringtrim
#   bin/cutadapt                       component "cutadapt" (-DRINGTRIM_INSTALL_CUTADAPT=ON
#   libexec/ringtrim/cutadapt -> ../../bin/ringtrim   or --component cutadapt): a
#                                      #!/bin/sh script that execs this link
#   share/man/man1/ringtrim.1
#   share/doc/ringtrim/README.md, docs/...
include(GNUInstallDirs)

option(RINGTRIM_INSTALL_CUTADAPT
       "Also install a 'cutadapt' command that runs ringtrim as cutadapt" OFF)

install(TARGETS ringtrim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

configure_file(${PROJECT_SOURCE_DIR}/man/ringtrim.1.in ${PROJECT_BINARY_DIR}/man/ringtrim.1 @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/man/ringtrim.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)

# The entry point is its own install component, so an existing build tree can
# add it without reconfiguring: cmake --install build --component cutadapt.
# RINGTRIM_INSTALL_CUTADAPT=ON makes it part of the default install and the .deb.
if(RINGTRIM_INSTALL_CUTADAPT)
  set(cutadapt_exclude "")
else()
  set(cutadapt_exclude EXCLUDE_FROM_ALL)
endif()
# Relative paths, so the installed tree can be moved (dpkg -x, --prefix).
set(link_dir ${CMAKE_INSTALL_LIBEXECDIR}/ringtrim)
file(RELATIVE_PATH link_target /root/${link_dir} /root/${CMAKE_INSTALL_BINDIR}/ringtrim)
file(RELATIVE_PATH RINGTRIM_BIN_TO_LINK /root/${CMAKE_INSTALL_BINDIR} /root/${link_dir}/cutadapt)
configure_file(${PROJECT_SOURCE_DIR}/cmake/ringtrim-cutadapt.sh.in
               ${PROJECT_BINARY_DIR}/cutadapt-entry/cutadapt @ONLY)
install(PROGRAMS ${PROJECT_BINARY_DIR}/cutadapt-entry/cutadapt
        DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cutadapt ${cutadapt_exclude})
install(CODE "
  set(dir \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${link_dir}\")
  file(MAKE_DIRECTORY \"\${dir}\")
  message(STATUS \"Installing: \${dir}/cutadapt -> ${link_target}\")
  file(CREATE_LINK \"${link_target}\" \"\${dir}/cutadapt\" SYMBOLIC)"
  COMPONENT cutadapt ${cutadapt_exclude})

# Debian package: cpack -G DEB (in the build folder) -> ringtrim_VERSION_ARCH.deb
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ringtrim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "adapter and quality trimming of sequencing reads, a drop-in replacement for cutadapt 4.2")
set(CPACK_PACKAGE_CONTACT "ringtrim developers <ringtrim@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# Depends: from the libraries the binary links (dpkg-shlibdeps, package dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(RINGTRIM_INSTALL_CUTADAPT)
  # Both packages would own /usr/bin/cutadapt; Trim Galore's "Depends: cutadapt"
  # is satisfied by ringtrim (tests/e2e/trim_galore.sh).
  set(CPACK_DEBIAN_PACKAGE_CONFLICTS cutadapt)
  set(CPACK_DEBIAN_PACKAGE_PROVIDES cutadapt)
endif()
include(CPack)

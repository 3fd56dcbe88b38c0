# Installation (cmake --install build [--prefix P]) and the Debian package
# (cpack -G DEB in the build folder). Included from the top CMakeLists.txt.
#
#   bin/ringtrim
#   share/man/man1/ringtrim.1.gz       gzip -9n, as Debian wants it
#   share/bash-completion/completions/ringtrim   written from the option table
#                                      by the build (apps/completion)
#   share/doc/ringtrim/README.md, LICENSE, CHANGELOG.md, CITATION.cff, docs/
#                                      (not docs/data, benchmark results)
#                      copyright       Debian's machine-readable format (DEP-5)
#                      changelog.gz    Debian's format, made from CHANGELOG.md
#   bin/cutadapt                       component "cutadapt" (-DRINGTRIM_INSTALL_CUTADAPT=ON
#   libexec/ringtrim/cutadapt -> ../../bin/ringtrim   or --component cutadapt): a
#                                      #!/bin/sh script that execs this link,
#   share/man/man1/cutadapt.1.gz -> ringtrim.1.gz     its man page and its
#   share/bash-completion/completions/cutadapt        completion
include(GNUInstallDirs)

# One contact for the package's Maintainer, its copyright file and its
# changelog.
set(RINGTRIM_CONTACT "ringtrim developers <ringtrim@users.noreply.github.com>")
find_program(RINGTRIM_GZIP gzip REQUIRED)

option(RINGTRIM_INSTALL_CUTADAPT
       "Also install a 'cutadapt' command that runs ringtrim as cutadapt" OFF)

install(TARGETS ringtrim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Files the build writes for the install: the man page and the Debian
# changelog, compressed with gzip -9n (cmake/gzip_file.cmake), and the
# copyright file, whose licence text is LICENSE's.
set(doc_build ${PROJECT_BINARY_DIR}/doc)
configure_file(${PROJECT_SOURCE_DIR}/man/ringtrim.1.in ${PROJECT_BINARY_DIR}/man/ringtrim.1 @ONLY)
add_custom_command(
  OUTPUT ${PROJECT_BINARY_DIR}/man/ringtrim.1.gz
  COMMAND ${CMAKE_COMMAND} -DGZIP=${RINGTRIM_GZIP} -DINPUT=${PROJECT_BINARY_DIR}/man/ringtrim.1
          -DOUTPUT=${PROJECT_BINARY_DIR}/man/ringtrim.1.gz -P ${PROJECT_SOURCE_DIR}/cmake/gzip_file.cmake
  DEPENDS ${PROJECT_BINARY_DIR}/man/ringtrim.1 ${PROJECT_SOURCE_DIR}/cmake/gzip_file.cmake
  VERBATIM)
add_custom_command(
  OUTPUT ${doc_build}/changelog.gz
  COMMAND ${CMAKE_COMMAND} -DCHANGELOG=${PROJECT_SOURCE_DIR}/CHANGELOG.md -DMAINTAINER=${RINGTRIM_CONTACT}
          -DOUTPUT=${doc_build}/changelog -P ${PROJECT_SOURCE_DIR}/cmake/debian_changelog.cmake
  COMMAND ${CMAKE_COMMAND} -DGZIP=${RINGTRIM_GZIP} -DINPUT=${doc_build}/changelog
          -DOUTPUT=${doc_build}/changelog.gz -P ${PROJECT_SOURCE_DIR}/cmake/gzip_file.cmake
  DEPENDS ${PROJECT_SOURCE_DIR}/CHANGELOG.md ${PROJECT_SOURCE_DIR}/cmake/debian_changelog.cmake
          ${PROJECT_SOURCE_DIR}/cmake/gzip_file.cmake
  VERBATIM)
add_custom_target(ringtrim_package_files ALL
                  DEPENDS ${PROJECT_BINARY_DIR}/man/ringtrim.1.gz ${doc_build}/changelog.gz)
# DEP-5 wants the licence text indented by one space, empty lines as " .".
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/LICENSE)
file(READ ${PROJECT_SOURCE_DIR}/LICENSE licence)
string(REGEX REPLACE "^MIT License\n\nCopyright [^\n]*\n\n" "" RINGTRIM_EXPAT_TEXT "${licence}")
string(STRIP "${RINGTRIM_EXPAT_TEXT}" RINGTRIM_EXPAT_TEXT)
string(REPLACE "\n\n" "\n.\n" RINGTRIM_EXPAT_TEXT "${RINGTRIM_EXPAT_TEXT}")
string(REPLACE "\n" "\n " RINGTRIM_EXPAT_TEXT " ${RINGTRIM_EXPAT_TEXT}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/copyright.in ${doc_build}/copyright @ONLY)

install(FILES ${PROJECT_BINARY_DIR}/man/ringtrim.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES README.md LICENSE CHANGELOG.md CITATION.cff ${doc_build}/copyright ${doc_build}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# docs/data holds benchmark results (CSV): for the repository, not the package.
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs PATTERN data EXCLUDE)
set(completions ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${PROJECT_BINARY_DIR}/completion/ringtrim DESTINATION ${completions})

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
install(FILES ${PROJECT_BINARY_DIR}/completion/cutadapt
        DESTINATION ${completions} COMPONENT cutadapt ${cutadapt_exclude})
# install_link(DIR NAME TARGET): installs the symbolic link DIR/NAME -> TARGET
# (DIR under the prefix) with the cutadapt component.
function(install_link dir name target)
  install(CODE "
    set(dir \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${dir}\")
    file(MAKE_DIRECTORY \"\${dir}\")
    message(STATUS \"Installing: \${dir}/${name} -> ${target}\")
    file(CREATE_LINK \"${target}\" \"\${dir}/${name}\" SYMBOLIC)"
    COMPONENT cutadapt ${cutadapt_exclude})
endfunction()
install_link(${link_dir} cutadapt ${link_target})
# cutadapt(1) is ringtrim(1), whose synopsis covers the name.
install_link(${CMAKE_INSTALL_MANDIR}/man1 cutadapt.1.gz ringtrim.1.gz)

# Debian package: cpack -G DEB (in the build folder) -> ringtrim_VERSION_ARCH.deb
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ringtrim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# The synopsis: lintian wants fewer than 80 characters.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "adapter and quality trimming of sequencing reads, compatible with cutadapt")
set(CPACK_PACKAGE_DESCRIPTION
    "ringtrim removes adapter sequences, primers and poly-A tails from
high-throughput sequencing reads and trims them by quality. It takes
cutadapt 4.2's command line unchanged, writes the same trimmed reads and
a report that MultiQC and pipelines read as cutadapt's.

Reads are processed in chunks by worker processes that share a ring of
memory with the reader and the writer: a crashed worker's chunk is
retried, and the output is the same for any number of workers. Input and
output may be plain, gzip, bzip2, xz or zstd compressed.")
if(RINGTRIM_INSTALL_CUTADAPT)
  string(APPEND CPACK_PACKAGE_DESCRIPTION "

This package also provides the cutadapt command, which runs ringtrim
under that name for pipelines that call cutadapt.")
endif()
set(CPACK_PACKAGE_CONTACT "${RINGTRIM_CONTACT}")
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

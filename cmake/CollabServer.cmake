# The long-running server binaries (the gateway and the backends).
#
# They are linked with tcmalloc (Debian's libtcmalloc-minimal4) instead of glibc's malloc: under
# CreateCase load collab-cases spent about a seventh of its CPU in malloc, free and
# malloc_consolidate, its many threads freeing what others allocated. bench/README.md ("Cases")
# has the A/B figures.
# OFF for sanitizer builds (ASan replaces malloc itself) and for A/B runs against glibc.
option(COLLAB_USE_TCMALLOC "Link the server binaries with tcmalloc" ON)
set(COLLAB_SERVER_MALLOC "")
if(COLLAB_USE_TCMALLOC)
  find_library(COLLAB_TCMALLOC NAMES tcmalloc_minimal REQUIRED)
  set(COLLAB_SERVER_MALLOC ${COLLAB_TCMALLOC})
endif()

# collab_add_server(<name> <library>...): build/bin/<name> from main.cc, with our warnings.
function(collab_add_server name)
  add_executable(${name} main.cc)
  target_compile_options(${name} PRIVATE ${COLLAB_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARGN} ${COLLAB_SERVER_MALLOC})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
endfunction()

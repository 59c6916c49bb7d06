# gilsim_allocator: what every gilsim program links besides the library: its allocator, and the settings
# and description of it (sim/core/allocator.cpp, compiled into each program: jemalloc reads its settings
# from the program's own `malloc_conf`). The library itself stays neutral, so that whatever else links
# it keeps its own malloc. GILSIM_ALLOCATOR picks jemalloc (the default) or the system's malloc;
# sanitizer builds force the latter.
add_library(gilsim_allocator INTERFACE)
target_sources(gilsim_allocator INTERFACE ${PROJECT_SOURCE_DIR}/sim/core/allocator.cpp)
target_link_libraries(gilsim_allocator INTERFACE gilsim_lib)
if(GILSIM_ALLOCATOR STREQUAL "jemalloc")
  # Why jemalloc, and why with huge pages: docs/performance.md, "Memory and page faults". Linked
  # statically, the whole archive: a program's own malloc must be jemalloc's even where none of its
  # code names a jemalloc function.
  if(GILSIM_STATIC_DEPS)
    find_library(GILSIM_JEMALLOC_ARCHIVE NAMES libjemalloc_pic.a)
    set(GILSIM_JEMALLOC_LIBRARY ${GILSIM_JEMALLOC_ARCHIVE})
  else()
    find_library(GILSIM_JEMALLOC_SHARED NAMES jemalloc)
    set(GILSIM_JEMALLOC_LIBRARY ${GILSIM_JEMALLOC_SHARED})
  endif()
  find_path(GILSIM_JEMALLOC_INCLUDE jemalloc/jemalloc.h)
  if(NOT GILSIM_JEMALLOC_LIBRARY OR NOT GILSIM_JEMALLOC_INCLUDE)
    message(FATAL_ERROR "jemalloc not found: run scripts/install-deps (Debian package libjemalloc-dev), "
                        "or configure with -DGILSIM_ALLOCATOR=system (or, without its static archive, "
                        "-DGILSIM_STATIC_DEPS=OFF)")
  endif()
  target_include_directories(gilsim_allocator INTERFACE ${GILSIM_JEMALLOC_INCLUDE})
  target_compile_definitions(gilsim_allocator INTERFACE GILSIM_JEMALLOC)
  if(GILSIM_STATIC_DEPS)
    target_link_libraries(gilsim_allocator INTERFACE
                          "$<LINK_LIBRARY:WHOLE_ARCHIVE,${GILSIM_JEMALLOC_LIBRARY}>" ${CMAKE_DL_LIBS})
  else()
    target_link_libraries(gilsim_allocator INTERFACE ${GILSIM_JEMALLOC_LIBRARY})
  endif()
elseif(NOT GILSIM_ALLOCATOR STREQUAL "system")
  message(FATAL_ERROR "GILSIM_ALLOCATOR is '${GILSIM_ALLOCATOR}'; expected jemalloc or system")
endif()

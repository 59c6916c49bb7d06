# gilsim_deps: the libraries gilsim's library builds on, as one INTERFACE target.
#
# With GILSIM_STATIC_DEPS (the default) the compiled ones are linked statically: Boost.Context and yaml-cpp
# from their archives, fmt header-only. A process that maps and relocates fewer shared objects starts
# faster, and on the reference VMs start-up is mostly page faults (docs/performance.md, "Start-up").
# CLI11 and nlohmann_json are header-only either way.
if(GILSIM_STATIC_DEPS)
  set(Boost_USE_STATIC_LIBS ON)
endif()
find_package(Boost 1.74 REQUIRED COMPONENTS context)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(Threads REQUIRED)

add_library(gilsim_deps INTERFACE)
target_link_libraries(gilsim_deps INTERFACE Boost::context nlohmann_json::nlohmann_json Threads::Threads)
if(NOT GILSIM_STATIC_DEPS)
  target_link_libraries(gilsim_deps INTERFACE yaml-cpp fmt::fmt)
  return()
endif()

# The archive beside the shared library find_package chose, so that headers and code are one yaml-cpp.
get_target_property(GILSIM_YAML_CPP_SHARED yaml-cpp LOCATION)
get_filename_component(GILSIM_YAML_CPP_DIR "${GILSIM_YAML_CPP_SHARED}" DIRECTORY)
find_library(GILSIM_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a HINTS "${GILSIM_YAML_CPP_DIR}" NO_DEFAULT_PATH)
if(NOT GILSIM_YAML_CPP_ARCHIVE)
  message(FATAL_ERROR "libyaml-cpp.a not found beside ${GILSIM_YAML_CPP_SHARED} (Debian package "
                      "libyaml-cpp-dev), or configure with -DGILSIM_STATIC_DEPS=OFF")
endif()
target_include_directories(gilsim_deps SYSTEM INTERFACE $<TARGET_PROPERTY:yaml-cpp,INTERFACE_INCLUDE_DIRECTORIES>)
target_link_libraries(gilsim_deps INTERFACE ${GILSIM_YAML_CPP_ARCHIVE} fmt::fmt-header-only)

# A parent project may have found Boost first, shared; gilsim with a static libstdc++ must not load it.
get_target_property(GILSIM_BOOST_CONTEXT Boost::context LOCATION)
if(NOT GILSIM_BOOST_CONTEXT MATCHES "\\.a$")
  message(FATAL_ERROR "Boost.Context resolved to ${GILSIM_BOOST_CONTEXT}, not a static archive; "
                      "configure with -DGILSIM_STATIC_DEPS=OFF or find Boost with Boost_USE_STATIC_LIBS")
endif()

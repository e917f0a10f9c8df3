# Generates C++ for .proto files with protoc directly, one command per file, so that the
# import path is the proto root and generated includes read "collab/x/v1/x.pb.h".
# (CMake's protobuf_generate() prepends the current source dir; see ../shared/toolchain.md.)
find_program(COLLAB_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)
set(COLLAB_PROTO_ROOT ${CMAKE_SOURCE_DIR}/proto)
set(COLLAB_PROTO_GEN ${CMAKE_BINARY_DIR}/gen)
set(COLLAB_SYSTEM_PROTO_ROOTS /usr/include /usr/share/grpc-proto)

# collab_proto_library(<target> ROOT <dir> FILES <relative .proto paths> [GRPC] [DEPS <targets>])
function(collab_proto_library target)
  cmake_parse_arguments(ARG "GRPC" "ROOT" "FILES;DEPS" ${ARGN})
  if(NOT ARG_ROOT)
    set(ARG_ROOT ${COLLAB_PROTO_ROOT})
  endif()
  set(outputs)
  foreach(rel IN LISTS ARG_FILES)
    string(REGEX REPLACE "\\.proto$" "" stem ${rel})
    set(out ${COLLAB_PROTO_GEN}/${stem}.pb.cc ${COLLAB_PROTO_GEN}/${stem}.pb.h)
    set(grpc_args)
    if(ARG_GRPC)
      list(APPEND out ${COLLAB_PROTO_GEN}/${stem}.grpc.pb.cc ${COLLAB_PROTO_GEN}/${stem}.grpc.pb.h)
      set(grpc_args --grpc_out=${COLLAB_PROTO_GEN} --plugin=protoc-gen-grpc=${COLLAB_GRPC_CPP_PLUGIN})
    endif()
    set(includes --proto_path=${ARG_ROOT} --proto_path=${COLLAB_PROTO_ROOT})
    foreach(sys IN LISTS COLLAB_SYSTEM_PROTO_ROOTS)
      list(APPEND includes --proto_path=${sys})
    endforeach()
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${COLLAB_PROTO_GEN}
      COMMAND protobuf::protoc ${includes} --cpp_out=${COLLAB_PROTO_GEN} ${grpc_args} ${ARG_ROOT}/${rel}
      DEPENDS ${ARG_ROOT}/${rel} protobuf::protoc
      COMMENT "protoc ${rel}"
      VERBATIM)
    list(APPEND outputs ${out})
  endforeach()
  add_library(${target} STATIC ${outputs})
  target_include_directories(${target} PUBLIC ${COLLAB_PROTO_GEN})
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf gRPC::grpc++ ${ARG_DEPS})
endfunction()

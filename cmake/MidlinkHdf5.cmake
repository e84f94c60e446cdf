# HDF5's C library for OMX matrices (io/omx_writer), as the imported target HDF5::HDF5.
# Found directly rather than with FindHDF5, which needs a C compiler enabled, so that
# midlink and programs using find_package(midlink) stay C++-only. Debian bookworm:
# libhdf5-dev (serial) puts hdf5.h in include/hdf5/serial and the library as libhdf5_serial.
if(NOT TARGET HDF5::HDF5)
  find_path(MIDLINK_HDF5_INCLUDE_DIR hdf5.h PATH_SUFFIXES hdf5/serial REQUIRED)
  find_library(MIDLINK_HDF5_LIBRARY NAMES hdf5_serial hdf5 PATH_SUFFIXES hdf5/serial REQUIRED)
  add_library(HDF5::HDF5 UNKNOWN IMPORTED)
  set_target_properties(HDF5::HDF5 PROPERTIES IMPORTED_LOCATION "${MIDLINK_HDF5_LIBRARY}"
                                              INTERFACE_INCLUDE_DIRECTORIES "${MIDLINK_HDF5_INCLUDE_DIR}")
endif()

#include "errors.hpp"

#include <filesystem>

#include "midlink/core/error.hpp"

namespace py = pybind11;

namespace midlink::python {
namespace {

// The exception classes live as long as the interpreter: the module holds a reference
// to each, and the translator looks them up there rather than in globals of its own.
py::object new_exception(py::module_& m, const char* name, py::tuple bases, int exit_code, const char* doc) {
    const std::string qualified = std::string("midlink.") + name;
    py::object cls = py::reinterpret_steal<py::object>(
        PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr));
    if (!cls) throw py::error_already_set();
    cls.attr("exit_code") = exit_code;
    m.attr(name) = cls;
    return cls;
}

void set_python_error(const char* name, const char* what) {
    const py::object cls = py::module_::import("midlink._midlink").attr(name);
    PyErr_SetString(cls.ptr(), what);
}

}  // namespace

void register_errors(py::module_& m) {
    const py::object base = new_exception(m, "Error", py::make_tuple(py::handle(PyExc_Exception)), 1,
                                          "Any error midlink reports: unusable input, options or outputs.");
    new_exception(m, "ConfigError", py::make_tuple(base, py::handle(PyExc_ValueError)), 2,
                  "An option, a profile or a configuration file is wrong.");
    new_exception(m, "InputError", py::make_tuple(base, py::handle(PyExc_ValueError)), 3,
                  "An input file is missing, unreadable or unusable, or a point is off the network.");
    new_exception(m, "VersionError", py::make_tuple(base, py::handle(PyExc_ValueError)), 4,
                  "A graph file of another format version: rebuild it.");
    new_exception(m, "OutputError", py::make_tuple(base, py::handle(PyExc_OSError)), 5,
                  "An output could not be written.");

    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const ConfigError& e) {
            set_python_error("ConfigError", e.what());
        } catch (const InputError& e) {
            set_python_error("InputError", e.what());
        } catch (const VersionError& e) {
            set_python_error("VersionError", e.what());
        } catch (const OutputError& e) {
            set_python_error("OutputError", e.what());
        } catch (const Error& e) {
            set_python_error("Error", e.what());
        } catch (const std::filesystem::filesystem_error& e) {
            PyErr_SetString(PyExc_OSError, e.what());
        }
    });
}

}  // namespace midlink::python

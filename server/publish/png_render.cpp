#include "publish/png_render.hpp"

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <memory>

namespace baro::publish {

namespace {
cairo_status_t append(void* closure, unsigned char const* data, unsigned int length)
{
    static_cast<std::string*>(closure)->append(reinterpret_cast<char const*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}
}  // namespace

result<std::string> svg_to_png(std::string_view svg, int width, int height)
{
    GError* error = nullptr;
    std::unique_ptr<RsvgHandle, void (*)(gpointer)> handle(
        rsvg_handle_new_from_data(reinterpret_cast<guint8 const*>(svg.data()), svg.size(), &error), g_object_unref);
    if(! handle)
    {
        std::string const why = error ? error->message : "unreadable SVG";
        if(error)
            g_error_free(error);
        return fail(errc::internal, "The share image could not be drawn: " + why);
    }
    std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height),
                                                                         cairo_surface_destroy);
    std::unique_ptr<cairo_t, void (*)(cairo_t*)> cr(cairo_create(surface.get()), cairo_destroy);
    RsvgRectangle const viewport{0, 0, static_cast<double>(width), static_cast<double>(height)};
    if(! rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &error))
    {
        std::string const why = error ? error->message : "render failed";
        if(error)
            g_error_free(error);
        return fail(errc::internal, "The share image could not be drawn: " + why);
    }
    cairo_surface_flush(surface.get());
    std::string png;
    if(cairo_surface_write_to_png_stream(surface.get(), append, &png) != CAIRO_STATUS_SUCCESS)
        return fail(errc::internal, "The share image could not be encoded.");
    return png;
}

}  // namespace baro::publish

/* edge.h - the FastCGI edge: a request worker's accept loop. */
#ifndef TANDEM_EDGE_H
#define TANDEM_EDGE_H

#include "core/config.h"

/*
 * Serve requests on the listening FastCGI socket fd until SIGTERM: connect
 * to the database, compile the stylesheets, then accept, parse, dispatch,
 * respond, reset, forever. A SIGTERM lets the request in hand finish.
 * Returns the process exit code (non-zero when it could not start).
 */
int edge_worker(const struct config *cfg, int fd);

#endif

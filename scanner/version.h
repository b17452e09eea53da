/* version.h - sunset's own version */
#ifndef SUNSET_VERSION_H
#define SUNSET_VERSION_H
#define SUNSET_VERSION "0.1.0"
#endif

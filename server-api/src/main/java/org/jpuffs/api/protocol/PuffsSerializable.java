package org.jpuffs.api.protocol;

/**
 * Marker for everything that travels between engine and server or goes into the journal. {@code reference.conf} of
 * server-api binds it to Pekko's {@code jackson-cbor} serializer, so a message crosses JVMs and is journaled in the
 * same compact form.
 */
public interface PuffsSerializable {}

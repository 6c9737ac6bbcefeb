/**
 * The Chinese commercial cryptography TEP/1 needs (SM2 signatures and key encryption, SM3, SM4-GCM) and
 * PEM/DER loading of keys and certificates, on Bouncy Castle's lightweight API with the fast custom
 * {@code sm2p256v1} curve.
 *
 * <p>Owns: algorithms and key material formats. May depend on: Bouncy Castle and the JDK only.
 */
package cn.tongban.hub.crypto;

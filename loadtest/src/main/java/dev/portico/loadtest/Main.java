package dev.portico.loadtest;
public final class Main { public static void main(String[] a) {} }

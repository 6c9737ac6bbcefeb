package cn.tongban.hub;
public class TongbanHub { public static void main(String[] a) { System.out.println("hi"); } }

package com.example.data;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SpringDataConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SpringDataConsumerApplication.class, args);
    }
}
